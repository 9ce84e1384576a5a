#!/usr/bin/env bash
# Reproduces model/person/ (MobileViT-XXS + ST-Adapters classifying one tracked person's skeleton clip) on a 2-core
# CPU, deterministically for a seed:
#   1. render the synthetic data set with each frame's true COCO keypoints (ingest's dataset command)   ~1.5 min
#   2. measure the pose model's own errors on those frames (benchmarks' pose-noise command; the result,
#      model/pose/movenet-multipose/noise-model.json, is committed and kept unless REMEASURE=1)         ~1 min
#   3. stage 1 at 64 px: the backbone on single skeleton frames (label and posture targets), drawn from the true
#      keypoints through that noise, turned by up to 60 degrees                                            ~25 min
#   4. from that backbone: the frozen-backbone baseline, then ST-Adapters, on clips drawn with a camera's realism
#      too (walking pace x0.6-2.5, headings up or down the view to 40 degrees with the size change of coming
#      nearer, heights foreshortened to 0.7 by a camera looking down, jitter x1-2); export to model/person  ~12 min
#   DATA=/path/to/dataset model/train-person.sh    use an already rendered data set
set -euo pipefail
cd "$(dirname "$0")"
DATA="${DATA:-data/skeleton-synthetic}"
SEED="${SEED:-0}"
NOISE=pose/movenet-multipose/noise-model.json
PY=/usr/bin/python3

classpath() {  # MODULE: the module's runtime classpath, built once
  (cd .. && mvn -B -q -o -pl "$1" -am install -DskipTests \
    && mvn -B -q -o -pl "$1" dependency:build-classpath -Dmdep.outputFile=target/module.cp -DincludeScope=runtime)
  echo "../$1/target/classes:$(cat "../$1/target/module.cp")"
}

if [[ ! -f "$DATA/dataset-card.json" ]]; then
  java -cp "$(classpath ingest)" io.actionwatch.ingest.cli.IngestCli dataset \
    --out "$DATA" --clips-per-class 240 --splits train,val=40,test=40 --seed 1 \
    --frames 8 --frame-step 2 --width 320 --height 240 --fps 15 --jpeg-quality 85
fi

if [[ ! -f "$NOISE" || -n "${REMEASURE:-}" ]]; then
  $PY -m actionwatch_model.pose_models
  java -cp "$(classpath benchmarks)" io.actionwatch.benchmark.pose.PoseNoiseCommand \
    --data "$DATA" --split val --pose-model-dir pose/movenet-multipose --frames 800 --out "$NOISE"
fi

COMMON=(--data "$DATA" --input skeleton --noise "$NOISE" --skeleton-copies 3 --max-yaw 60 --seed "$SEED" --arch xxs
        --frames 8 --frame-step 1 --clip-stride 8 --frame-targets label,posture --size 64 --shift 3 --jitter 0
        --log-every 100 --cache "")
[[ -f runs/person-stage1/backbone.pt ]] || $PY -m actionwatch_model.train "${COMMON[@]}" --out runs/person-stage1 \
  --stage1-steps 1500 --stage1-batch 32 --stage1-lr 1e-3 --stage1-wd 0.02 --stage1-only
$PY -m actionwatch_model.train "${COMMON[@]}" --pretrained runs/person-stage1/backbone.pt --stage1-steps 0 \
  --pace 0.6 2.5 --max-heading 40 --depth-scale 0.3 --tilt 0.7 1.0 --jitter-scale 1 2 \
  --stage2-steps 1200 --stage2-batch 8 --stage2-lr 2e-3 --adapter-ratio 0.5 --adapter-sites all \
  --version 0.3.1 --out runs/person --export person --reproduce-command "model/train-person.sh (seed $SEED)"

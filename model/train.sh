#!/usr/bin/env bash
# Reproduces model/reference/ (model.onnx, baseline.onnx, model-card.json, golden.json) from the project's synthetic
# scene on a 2-core CPU, deterministically for a seed.
#   model/train.sh                          render the data set if missing, train, evaluate, export
#   DATA=/path/to/dataset model/train.sh    use an already rendered data set (same command => same content hash)
# Stage 1 is progressive: three warm-restart cycles at 64 px (800 + 1200 + 1000 steps, each with warm-up + cosine),
# then one at 128 px (1000 steps) from the 64 px backbone; MobileViT has no positional embeddings, so the weights
# carry over between input sizes (MobileViT itself trains with a multi-scale sampler). Most steps then run at a
# quarter of the 128 px cost. Stage 2 (ST-Adapters) and the ablation run at 128 px, the model's input size: at 64 px
# a person far from the camera is a few pixels tall and a waving arm about one. Each stage-1 cycle is skipped when
# its backbone exists, so an interrupted run resumes; the result is the same for the seed.
set -euo pipefail
cd "$(dirname "$0")"
DATA="${DATA:-data/synthetic}"
SEED="${SEED:-0}"
PY=/usr/bin/python3

if [[ ! -f "$DATA/dataset-card.json" ]]; then
  # The ingest module is the project's one renderer; its `dataset` command writes the clips.
  CP="${INGEST_CLASSPATH:-}"
  if [[ -z "$CP" ]]; then
    (cd .. && mvn -B -q -o -pl ingest install -DskipTests \
      && mvn -B -q -o -pl ingest dependency:build-classpath -Dmdep.outputFile=target/ingest.cp -DincludeScope=runtime)
    CP="../ingest/target/classes:$(cat ../ingest/target/ingest.cp)"
  fi
  java -cp "$CP" io.actionwatch.ingest.cli.IngestCli dataset \
    --out "$DATA" --clips-per-class 300 --splits train,val=60,test=60 --seed 1 \
    --frames 8 --frame-step 2 --width 320 --height 240 --fps 15 --jpeg-quality 85
fi

COMMON=(--data "$DATA" --seed "$SEED" --arch xxs --frames 8 --frame-step 1 --clip-stride 8
        --frame-targets label,posture --stage1-batch 32 --stage1-wd 0.02 --log-every 50)
SMALL=(--size 64 --stage1-lr 1e-3 --shift 3)

stage1() {  # OUT STEPS [args...]: one stage-1 cycle, skipped when OUT/backbone.pt exists
  local out=$1 steps=$2; shift 2
  [[ -f $out/backbone.pt ]] || $PY -m actionwatch_model.train "${COMMON[@]}" --out "$out" --stage1-steps "$steps" \
    --stage1-only "$@"
}
stage1 runs/stage1a 800 "${SMALL[@]}"
stage1 runs/stage1b 1200 "${SMALL[@]}" --pretrained runs/stage1a/backbone.pt
stage1 runs/stage1c 1000 "${SMALL[@]}" --pretrained runs/stage1b/backbone.pt
stage1 runs/stage1d 1000 --size 128 --stage1-lr 5e-4 --shift 6 --pretrained runs/stage1c/backbone.pt

# The ablation, stage 2 (ST-Adapters), evaluation and export, at 128 px on the stage-1 backbone.
exec $PY -m actionwatch_model.train "${COMMON[@]}" --size 128 --stage1-lr 5e-4 --shift 6 --out runs/ref \
  --export reference --pretrained runs/stage1d/backbone.pt --stage1-prior-cycles 800@64,1200@64,1000@64,1000@128 \
  --stage1-steps 0 --stage2-steps 1200 --stage2-batch 8 --stage2-lr 2e-3 --adapter-ratio 0.5 --adapter-sites all \
  --version 0.2.0 --reproduce-command "model/train.sh (seed $SEED)" "$@"

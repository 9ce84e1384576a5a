#!/usr/bin/env bash
# Reproduces model/reference/ (model.onnx, baseline.onnx, model-card.json, golden.json) from the project's synthetic
# scene on a 2-core CPU in about an hour, deterministically for a seed.
#   model/train.sh                 render the data set if missing, train, evaluate, export
#   DATA=/path/to/dataset model/train.sh    use an already rendered data set (same command => same content hash)
set -euo pipefail
cd "$(dirname "$0")"
DATA="${DATA:-data/synthetic}"
SEED="${SEED:-0}"

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

exec /usr/bin/python3 -m actionwatch_model.train --data "$DATA" --out runs/ref --export reference --seed "$SEED" \
  --arch xxs --size 64 --frames 8 --frame-step 1 --clip-stride 8 \
  --frame-targets label,posture --stage1-steps 1500 --stage1-batch 32 --stage1-lr 1e-3 --stage1-wd 0.02 \
  --stage2-steps 1500 --stage2-batch 8 --stage2-lr 2e-3 --adapter-ratio 0.5 --adapter-sites all \
  --shift 3 --version 0.1.0 --log-every 50 "$@"

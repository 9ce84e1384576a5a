// Runs a TensorFlow.js graph model with tfjs's pure-JS CPU backend on PNG frames (RGB, already at the model's input
// size) and writes its output per frame as JSON: the reference the converted ONNX model is held to.
//   npm ci && node reference.mjs MODEL_JSON OUT_JSON FRAME.png...
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const [modelJson, outFile, ...frames] = process.argv.slice(2);
await tf.setBackend('cpu');
const manifest = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
const dir = path.dirname(modelJson);
const groups = manifest.weightsManifest;
const weights = Buffer.concat(groups.flatMap(g => g.paths.map(p => fs.readFileSync(path.join(dir, p)))));
const model = await tf.loadGraphModel(tf.io.fromMemory({
  modelTopology: manifest.modelTopology,
  weightSpecs: groups.flatMap(g => g.weights),
  weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  format: manifest.format, generatedBy: manifest.generatedBy, convertedBy: manifest.convertedBy,
  signature: manifest.signature,
}));
const results = [];
for (const file of frames) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4) {
    rgb[j++] = png.data[i]; rgb[j++] = png.data[i + 1]; rgb[j++] = png.data[i + 2];
  }
  const input = tf.tensor4d(rgb, [1, png.height, png.width, 3], 'int32');
  const output = model.execute(input);
  results.push({ frame: path.basename(file), shape: output.shape, output: Array.from(output.dataSync()) });
  tf.dispose([input, output]);
}
fs.writeFileSync(outFile, JSON.stringify({ tfjs: tf.version.tfjs, backend: tf.getBackend(), results }, null, 1) + '\n');

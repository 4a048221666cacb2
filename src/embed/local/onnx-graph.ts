/**
 * Writes the derived model's ONNX graph: `last_hidden_state = Gather(embeddings, input_ids) * mask`.
 * transformers.js then does what it does for any BERT-style encoder (mean pooling over the attention
 * mask, L2 normalization), so the sentence vector is the normalized weighted sum of its token vectors.
 * IR version 8 and opset 13 are what onnxruntime-node under @huggingface/transformers 3.8 loads.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * Serializes the graph with `embeddings` (row-major `vocabSize × dim`) as its only weight. The output
 * depends only on the arguments (no timestamps or producer versions), so equal inputs give equal bytes.
 */
export function encodeEmbeddingGraph(embeddings: Float32Array, vocabSize: number, dim: number): Uint8Array {
  const dynamic = (names: string[], last?: number) => ({
    dim: [...names.map((dimParam) => ({ dimParam })), ...(last === undefined ? [] : [{ dimValue: last }])],
  });
  const input = (name: string) => ({
    name,
    type: { tensorType: { elemType: INT64, shape: dynamic(['batch_size', 'sequence_length']) } },
  });
  const graph = onnx.GraphProto.create({
    name: 'nianbao_cooc',
    input: [input('input_ids'), input('attention_mask')],
    output: [
      {
        name: 'last_hidden_state',
        type: { tensorType: { elemType: FLOAT, shape: dynamic(['batch_size', 'sequence_length'], dim) } },
      },
    ],
    initializer: [
      {
        name: 'embeddings',
        dataType: FLOAT,
        dims: [vocabSize, dim],
        rawData: new Uint8Array(embeddings.buffer, embeddings.byteOffset, embeddings.byteLength),
      },
      // Opset 13 takes Unsqueeze axes as an input tensor rather than an attribute.
      { name: 'mask_axes', dataType: INT64, dims: [1], int64Data: [-1] },
    ],
    node: [
      { opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['token_vectors'], name: 'gather' },
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        name: 'cast_mask',
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
      },
      { opType: 'Unsqueeze', input: ['mask_float', 'mask_axes'], output: ['mask_3d'], name: 'unsqueeze_mask' },
      { opType: 'Mul', input: ['token_vectors', 'mask_3d'], output: ['last_hidden_state'], name: 'apply_mask' },
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'nianbao',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

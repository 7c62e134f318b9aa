#!/usr/bin/python3
"""Dynamic int8 quantisation of an ONNX graph without the Python onnxruntime package (Debian has none): the same
rewrite onnxruntime.quantization.quantize_dynamic makes, done with the onnx package, so a full-size random-weight
model can be written in the form each publisher ships.

Every MatMul whose second input is a constant 2-D weight (directly, or through a Transpose of one) becomes
    DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zero, W_zero) -> Cast(float) -> Mul(x_scale * W_scale)
with uint8 activations and the weight in the publisher's type:
  * weight_type "uint8", per_channel False: sherpa-onnx SenseVoice model.int8.onnx and the Nano encoder_adaptor.int8
    (quantize_dynamic(op_types_to_quantize=["MatMul"], weight_type=QuantType.QUInt8));
  * weight_type "uint8", per_channel True: FunASR model_quant.onnx (funasr export_utils: per_channel=True,
    reduce_range=False, QUInt8);
  * weight_type "int8", per_channel True, symmetric: the sherpa-onnx Nano llm.int8.onnx (Wasser1462 export_llm_onnx.py
    quantize_int8_dynamic_no_data: QInt8, per_channel=True, WeightSymmetric).
Only constant-B MatMuls are touched, as quantize_dynamic's MatMulConstBOnly default does. ONNX Runtime fuses each chain
into DynamicQuantizeMatMul at session start (extended graph optimisations), so both engines run the same kernels.

`quantize_gather_uint8` is the Nano embedding.int8.onnx form (export_embedding_onnx.py quantize_embedding_model): the
Gather table as uint8 with one scale and zero point, DequantizeLinear after the Gather.
"""
import numpy as np
from onnx import TensorProto, helper, numpy_helper


def _weights(graph):
    return {init.name: init for init in graph.initializer}


def _quantize_weight(w, weight_type, per_channel):
    """w [K, N] float32 -> (q, scale, zero): per output column (axis 1) when per_channel, else one for the tensor."""
    axis_min = w.min(axis=0) if per_channel else np.array(w.min())
    axis_max = w.max(axis=0) if per_channel else np.array(w.max())
    axis_min = np.minimum(axis_min, 0.0)
    axis_max = np.maximum(axis_max, 0.0)
    if weight_type == "int8":
        # symmetric int8: [-127, 127], zero point 0 (onnxruntime quant_utils for QInt8 with WeightSymmetric)
        absmax = np.maximum(np.abs(axis_min), np.abs(axis_max))
        scale = np.maximum(absmax, 1e-8) / 127.0
        q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        zero = np.zeros_like(scale, dtype=np.int8)
    else:
        # asymmetric uint8 over [min, max] (including 0), zero point rounded into [0, 255]
        scale = np.maximum(axis_max - axis_min, 1e-8) / 255.0
        zero = np.clip(np.round(-axis_min / scale), 0, 255).astype(np.uint8)
        q = np.clip(np.round(w / scale) + zero.astype(np.float32), 0, 255).astype(np.uint8)
    return q, scale.astype(np.float32), zero


def quantize_matmuls(model, weight_type="uint8", per_channel=False, exclude=lambda name: False):
    """Rewrites `model` in place (int8 weights are symmetric, uint8 asymmetric); returns how many MatMuls were quantised."""
    graph = model.graph
    weights = _weights(graph)
    producers = {o: n for n in graph.node for o in n.output}
    nodes, replaced, dropped = [], 0, set()
    for node in graph.node:
        if node.op_type != "MatMul" or exclude(node.name):
            nodes.append(node)
            continue
        source = node.input[1]
        transpose = None
        if source not in weights and source in producers and producers[source].op_type == "Transpose":
            transpose = producers[source]
            source = transpose.input[0]
        weight = weights.get(source)
        if weight is None or len(weight.dims) != 2:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        if transpose is not None:
            perm = [a.ints for a in transpose.attribute if a.name == "perm"]
            if not perm or list(perm[0]) == [1, 0]:
                w = w.T
            dropped.add(transpose.output[0])
        q, scale, zero = _quantize_weight(np.ascontiguousarray(w), weight_type, per_channel)
        base = f"q{replaced}"
        graph.initializer.extend([
            numpy_helper.from_array(q, f"{base}_w_quantized"),
            numpy_helper.from_array(scale, f"{base}_w_scale"),
            numpy_helper.from_array(zero, f"{base}_w_zero_point"),
        ])
        a = node.input[0]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [a], [f"{base}_a_q", f"{base}_a_scale", f"{base}_a_zero"], name=f"{base}_quant"),
            helper.make_node("MatMulInteger", [f"{base}_a_q", f"{base}_w_quantized", f"{base}_a_zero", f"{base}_w_zero_point"],
                             [f"{base}_int32"], name=f"{base}_matmul_integer"),
            helper.make_node("Cast", [f"{base}_int32"], [f"{base}_float"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_a_scale", f"{base}_w_scale"], [f"{base}_scale"], name=f"{base}_scale_mul"),
            helper.make_node("Mul", [f"{base}_float", f"{base}_scale"], [node.output[0]], name=f"{base}_output_mul"),
        ]
        replaced += 1
    used = {i for n in nodes for i in n.input} | {o.name for o in graph.output}
    nodes = [n for n in nodes if not (n.op_type == "Transpose" and n.output[0] in dropped and n.output[0] not in used)]
    used = {i for n in nodes for i in n.input} | {o.name for o in graph.output}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return replaced


def quantize_gather_uint8(model):
    """The first Gather's constant table as uint8 (one scale, one zero point) followed by DequantizeLinear."""
    graph = model.graph
    weights = _weights(graph)
    for index, node in enumerate(graph.node):
        if node.op_type != "Gather" or node.input[0] not in weights:
            continue
        init = weights[node.input[0]]
        w = numpy_helper.to_array(init).astype(np.float32)
        lo, hi = float(w.min()), float(w.max())
        scale = (hi - lo) / 255.0
        zero = int(np.clip(np.round(-lo / scale), 0, 255))
        q = np.clip(np.round((w - lo) / scale), 0, 255).astype(np.uint8)
        init.CopyFrom(numpy_helper.from_array(q, init.name))
        graph.initializer.extend([numpy_helper.from_array(np.array(scale, dtype=np.float32), init.name + "_scale"),
                                  numpy_helper.from_array(np.array(zero, dtype=np.uint8), init.name + "_zero_point")])
        gathered = node.output[0]
        node.output[0] = gathered + "_uint8"
        graph.node.insert(index + 1, helper.make_node("DequantizeLinear", [gathered + "_uint8", init.name + "_scale", init.name + "_zero_point"],
                                                      [gathered], name="DequantizeLinear_0"))
        return True
    return False

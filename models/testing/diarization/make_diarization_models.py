#!/usr/bin/python3
"""Exports the diarization test doubles (doubles.py) to ONNX with the published input/output names and metadata.

Run with Debian's interpreter (torch, onnx):  /usr/bin/python3 models/testing/diarization/make_diarization_models.py
Writes, beside this script:
  kat-segmentation/model.onnx          layout of sherpa-onnx-pyannote-segmentation-3-0 (x [N,1,T] -> y [N,F,7])
  kat-3d-speaker/kat-3d-speaker.onnx   3D-Speaker contract as sherpa-onnx exports it (x [N,T,80] -> embedding [N,192])
  kat-wespeaker/kat-wespeaker.onnx     WeSpeaker contract (feats [B,T,80] -> embs [B,256])
  kat-nemo/kat-nemo.onnx               NeMo contract (audio_signal [N,80,T], length [N] -> logits [N,8], embs [N,192])
  kat-bad/*.onnx                       copies with one metadata value wrong each (loader error tests)
Every file says in its metadata (comment, test_double=1) that it is a test double, not a speaker model.
"""
import os
import sys

import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import doubles  # noqa: E402

OPSET = 13
NOTE = ("TEST DOUBLE from FunAsr.Aspire models/testing/diarization: recognises only the synthetic tremolo voices of "
        "voices.json; not a speaker model")


def add_metadata(path, metadata):
    model = onnx.load(path)
    del model.metadata_props[:]
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def export(module, args, path, input_names, output_names, dynamic_axes, metadata):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, opset_version=OPSET, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, do_constant_folding=True)
    add_metadata(path, metadata)
    print(f"wrote {os.path.relpath(path, HERE)} ({os.path.getsize(path)} bytes)")


def main():
    torch.manual_seed(0)
    export(doubles.SegmentationDouble(), (torch.randn(1, 1, 160000) * 0.1,),
           os.path.join(HERE, "kat-segmentation", "model.onnx"), ["x"], ["y"],
           {"x": {0: "N", 2: "T"}, "y": {0: "N", 1: "T"}},
           {"num_speakers": 3, "powerset_max_classes": 2, "num_classes": 7, "sample_rate": 16000,
            "window_size": 160000, "receptive_field_size": 991, "receptive_field_shift": 270,
            "model_type": "pyannote-segmentation-3.0", "version": "1", "model_author": "FunAsr.Aspire tests",
            "maintainer": "FunAsr.Aspire", "url_1": "models/testing/diarization/README.md", "url_2": "",
            "license": "same as the repository", "comment": NOTE, "test_double": 1})

    common = {"language": "English", "url": "models/testing/diarization/README.md", "comment": NOTE,
              "sample_rate": 16000, "test_double": 1}
    feats = torch.randn(1, 150, 80)
    export(doubles.ThreeDSpeakerDouble(192, seed=1), (feats,),
           os.path.join(HERE, "kat-3d-speaker", "kat-3d-speaker.onnx"), ["x"], ["embedding"],
           {"x": {0: "N", 1: "T"}, "embedding": {0: "N"}},
           dict(common, framework="3d-speaker", output_dim=192, normalize_samples=1,
                feature_normalize_type="global-mean"))
    export(doubles.WeSpeakerDouble(256, seed=2), (feats,),
           os.path.join(HERE, "kat-wespeaker", "kat-wespeaker.onnx"), ["feats"], ["embs"],
           {"feats": {0: "B", 1: "T"}, "embs": {0: "B"}},
           dict(common, framework="wespeaker", output_dim=256, normalize_samples=0))
    export(doubles.NemoDouble(192, seed=3), (feats.transpose(1, 2).contiguous(), torch.tensor([150])),
           os.path.join(HERE, "kat-nemo", "kat-nemo.onnx"), ["audio_signal", "length"], ["logits", "embs"],
           {"audio_signal": {0: "N", 2: "T"}, "length": {0: "N"}, "logits": {0: "N"}, "embs": {0: "N"}},
           dict(common, framework="nemo", output_dim=192, feature_normalize_type="per_feature", window_size_ms=25,
                window_stride_ms=10, window_type="hann", feat_dim=80))


def bad_variants():
    """Copies with one thing wrong each, for the loader's error messages (kat-bad/)."""
    def variant(source, name, change):
        model = onnx.load(os.path.join(HERE, source))
        metadata = {p.key: p.value for p in model.metadata_props}
        change(metadata)
        del model.metadata_props[:]
        for key, value in metadata.items():
            entry = model.metadata_props.add()
            entry.key, entry.value = key, value
        os.makedirs(os.path.join(HERE, "kat-bad"), exist_ok=True)
        onnx.save(model, os.path.join(HERE, "kat-bad", name))
        print(f"wrote kat-bad/{name}")

    variant("kat-segmentation/model.onnx", "segmentation-no-window-size.onnx", lambda m: m.pop("window_size"))
    variant("kat-segmentation/model.onnx", "segmentation-wrong-classes.onnx", lambda m: m.update(num_classes="8"))
    variant("kat-3d-speaker/kat-3d-speaker.onnx", "embedding-unknown-framework.onnx", lambda m: m.update(framework="speechbrain"))
    variant("kat-3d-speaker/kat-3d-speaker.onnx", "embedding-no-framework.onnx", lambda m: m.pop("framework"))
    variant("kat-3d-speaker/kat-3d-speaker.onnx", "embedding-wrong-dim.onnx", lambda m: m.update(output_dim="100"))
    variant("kat-3d-speaker/kat-3d-speaker.onnx", "embedding-8khz.onnx", lambda m: m.update(sample_rate="8000"))


if __name__ == "__main__":
    main()
    bad_variants()

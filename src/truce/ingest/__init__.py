"""The news pipeline: raw page bytes in, ``truce-extract/1`` events out (spec/extraction.md).

One module a stage — decode, maintext (with furniture), language, actors, places, dates,
events, relations, dedupe — and ``pipeline.py`` lists them in order. Every stage is a pure
function; registries and gazetteers are built once (``pipeline.build_resources``) and passed in.
A stage that cannot go on returns a ``Rejected`` value naming the stage and the reason.
"""

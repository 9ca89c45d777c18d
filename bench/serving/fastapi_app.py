# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""bench/serving peer: the model server a SageMaker "bring your own container" tutorial user
writes — FastAPI + uvicorn (one worker), POST /invocations with text/csv rows (or JSON
{"instances": [[...]]}), xgboost Booster.inplace_predict, and a JSON answer shaped like Lathe's:
{"predictions": [{"predicted_label", "probabilities": {class: p}, "probability"}]}.

The parsing is the fast choice for each size (str.split for a few rows, pandas' C reader for
many), so the peer is at least as quick as the usual `pd.read_csv(io.StringIO(body))`.

Run: SERVING_DIR=DIR uvicorn fastapi_app:app --app-dir bench/serving --workers 1 --port 8081
(DIR holds model.ubj and meta.json from make_serving_model.)
"""
import io
import json
import os

import numpy as np
import pandas as pd
import xgboost as xgb
from fastapi import FastAPI, Request, Response

DIR = os.environ.get("SERVING_DIR", ".")
META = json.load(open(os.path.join(DIR, "meta.json")))
CLASSES = META["classes"]
NUM_FEATURES = len(META["input_columns"])
BOOSTER = xgb.Booster(model_file=os.path.join(DIR, "model.ubj"))
BOOSTER.set_param({"nthread": 1})

app = FastAPI()


def parse_csv(text: str) -> np.ndarray:
    lines = text.splitlines()
    if len(lines) <= 16:
        x = np.array([[float(v) if v else np.nan for v in line.split(",")] for line in lines if line],
                     dtype=np.float32)
    else:
        x = pd.read_csv(io.StringIO(text), header=None, dtype=np.float32).to_numpy()
    if x.ndim != 2 or x.shape[1] != NUM_FEATURES:
        raise ValueError(f"expected {NUM_FEATURES} columns per row, got shape {x.shape}")
    return x


def parse_json(body: bytes) -> np.ndarray:
    doc = json.loads(body)
    rows = doc["instances"] if isinstance(doc, dict) else doc
    x = np.array(rows, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] != NUM_FEATURES:
        raise ValueError(f"expected {NUM_FEATURES} columns per row, got shape {x.shape}")
    return x


@app.post("/invocations")
async def invocations(request: Request) -> Response:
    body = await request.body()
    try:
        if request.headers.get("content-type", "").startswith("application/json"):
            x = parse_json(body)
        else:
            x = parse_csv(body.decode())
    except (ValueError, KeyError) as e:
        return Response(json.dumps({"message": str(e)}), status_code=400,
                        media_type="application/json")
    p1 = BOOSTER.inplace_predict(x)
    predictions = []
    for p in p1.tolist():
        label = 1 if p >= 0.5 else 0
        predictions.append({"predicted_label": CLASSES[label],
                            "probabilities": {CLASSES[0]: 1.0 - p, CLASSES[1]: p},
                            "probability": p if label else 1.0 - p})
    return Response(json.dumps({"predictions": predictions}), media_type="application/json")


@app.get("/ping")
async def ping() -> Response:
    return Response("{}", media_type="application/json")

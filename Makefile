# The DeepSeek Shock: build the book and run every test from a fresh clone.
#   make book   - create .venv, install the pinned lock, build _build/html from scratch
#   make test   - create .venv if needed, run every test (unit, data, nbval, build, browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= ../shared/market-data/raw

.PHONY: venv book test data import check figures notebooks serve lint clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

book: $(STAMP)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	$(BIN)/jupyter-book build . -W -n --keep-going --all

test: $(STAMP)
	$(BIN)/python -m pytest

data: $(STAMP)  ## refresh prices from Yahoo Finance (needs a network)
	$(BIN)/python -m deepseek_shock refresh

import: $(STAMP)  ## rebuild data/ from the raw yfinance-format exports in $(RAW)
	$(BIN)/python -m deepseek_shock import-csv $(RAW)

check: $(STAMP)
	$(BIN)/python -m deepseek_shock check

figures: $(STAMP)
	$(BIN)/python -m deepseek_shock figures

notebooks: $(STAMP)  ## re-execute every chapter in a fresh kernel and store its outputs
	$(BIN)/python -m tools.execute_notebooks chapters/*.ipynb appendix/*.ipynb

serve:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf _build test-artifacts

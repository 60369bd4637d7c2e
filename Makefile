# The two promises of the README: `make run` starts everything on a fresh machine,
# `make test` runs the whole suite on a fresh machine. Every target installs what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
GEN_CHECK_DIR := $(shell mktemp -u /tmp/openscim-gen.XXXXXX)

.PHONY: help install generate check-generated lint build test run bench bench-rate-limit bench-groups bench-auth bench-telemetry bench-bulk bench-events ferretdb conformance

help:
	@echo "make run    - install, build and start the identity service and the SCIM adapter (SQLite in ./data)"
	@echo "make test   - install, check generated code, lint, type-check and run every test"
	@echo "make bench  - seed a tenant and measure the SCIM lookups and writes over HTTP (USERS=100000; STORE=mongo: MONGODB_URI, else FerretDB)"
	@echo "make bench-groups - a group grown to MEMBERS (100000) in PATCH batches, the Entra lookup, WRITERS (16) clients on one group (STORE=mongo)"
	@echo "make bench-auth - GET /Users/{id} without authentication, with a warm token cache, and with none"
	@echo "make bench-telemetry - GET /Users/{id} with telemetry disabled, metrics only, and traced to a local OTLP sink"
	@echo "make bench-events - events/s one WatchEvents consumer receives under a write load, and the write-to-delivery delay"
	@echo "make bench-bulk - users/s through one-by-one POSTs, /Bulk and scimctl import (USERS=100000; STORE=mongo: MONGODB_URI, else FerretDB)"
	@echo "make conformance - run the scim2-tester suite against the service on SQLite and on MongoDB"
	@echo "make generate | check-generated | lint | build | ferretdb"

install: node_modules/.install-stamp

node_modules/.install-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

generate: install
	npx buf generate

# Generated code is committed; it must equal what the protos generate now.
check-generated: install
	npx buf generate -o $(GEN_CHECK_DIR)
	@diff -r proto/gen $(GEN_CHECK_DIR)/proto/gen > /dev/null || { echo "proto/gen is stale: run 'make generate' and commit it"; rm -rf $(GEN_CHECK_DIR); exit 1; }
	@rm -rf $(GEN_CHECK_DIR)

lint: install
	npx buf lint
	npx tsc --noEmit -p tsconfig.json

build: install
	npm run build

# A passing run exits by itself: `npx jest --detectOpenHandles` finds no open handle in either
# project. --forceExit stays for a suite that fails halfway and leaves its servers running
# (seen once): CI must end and report the failure either way.
test: check-generated lint build ferretdb
	npx jest --forceExit

# FerretDB, the MongoDB wire-protocol server the MongoDB store is tested against
# (test/support/ferretdb.ts), built once into .tools/bin. `go install …/cmd/ferretdb@v1.24.2`
# builds a binary that panics at start: the module lacks the build/version/version.txt that
# FerretDB's release builds generate. So the same module source is built with that file added.
FERRETDB_VERSION := v1.24.2
FERRETDB := .tools/bin/ferretdb

ferretdb: $(FERRETDB)

$(FERRETDB):
	@mkdir -p $(@D)
	work=$$(mktemp -d) && trap 'chmod -R u+w "$$work"; rm -rf "$$work"' EXIT && \
	src=$$(cd "$$work" && go mod download -json github.com/FerretDB/FerretDB@$(FERRETDB_VERSION) | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).Dir') && \
	cp -R "$$src/." "$$work/src" && chmod -R u+w "$$work/src" && \
	echo $(FERRETDB_VERSION) > "$$work/src/build/version/version.txt" && \
	cd "$$work/src" && go build -trimpath -o "$(CURDIR)/$@.tmp" ./cmd/ferretdb && mv "$(CURDIR)/$@.tmp" "$(CURDIR)/$@"

# External conformance: the scim2-tester suite against the service as `npm start` runs it, on
# SQLite and then on MongoDB (FerretDB, or the server MONGODB_URI names), through /scim/v2 and
# /tenants/<tenant>/scim/v2; any failed check fails the target. conformance/check.py holds the
# commented allow-list. The suite's exact packages (conformance/requirements.txt) go into a
# virtual environment under .tools, made again whenever the pins change. The suite needs
# Python 3.11 or later: CONFORMANCE_PYTHON names another interpreter.
CONFORMANCE_PYTHON ?= python3
CONFORMANCE_VENV := .tools/conformance-venv

conformance: build ferretdb $(CONFORMANCE_VENV)/.install-stamp
	$(CONFORMANCE_VENV)/bin/python conformance/run.py

$(CONFORMANCE_VENV)/.install-stamp: conformance/requirements.txt
	rm -rf $(CONFORMANCE_VENV)
	$(CONFORMANCE_PYTHON) -m venv $(CONFORMANCE_VENV)
	$(CONFORMANCE_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --requirement $<
	$(CONFORMANCE_VENV)/bin/pip check
	touch $@

run: install
	npm start

# Benchmarks print figures; they are not part of `make test`. USERS=10000 make bench for a quick run.
bench: build $(if $(filter mongo,$(STORE)),ferretdb)
	node dist/bench/query-bench.js --users $${USERS:-100000} --store $${STORE:-sqlite}

# What the rate limiter costs when it is on but not hit.
bench-rate-limit: build
	node dist/bench/rate-limit-bench.js

# Building a 100k-member group in PATCH batches of 100, the Entra group lookup on it, and WRITERS clients writing one group at once.
bench-groups: build $(if $(filter mongo,$(STORE)),ferretdb)
	node dist/bench/groups-bench.js --members $${MEMBERS:-100000} --writers $${WRITERS:-16} --store $${STORE:-sqlite}

# What authentication adds to a request: req/s without it, with a warm token cache, and with none.
bench-auth: build
	node dist/bench/auth-bench.js

bench-telemetry: build
	node dist/bench/telemetry-bench.js --users $${USERS:-1000} --requests $${REQUESTS:-5000}

# Users created per second, three ways, from an empty tenant: USERS=10000 make bench-bulk for a quick run.
bench-bulk: build $(if $(filter mongo,$(STORE)),ferretdb)
	node dist/bench/bulk-bench.js --users $${USERS:-100000} --store $${STORE:-sqlite}

# Events/s one WatchEvents consumer receives while the service absorbs creates, and the write → delivery delay.
bench-events: build
	node dist/bench/events-bench.js --writes $${WRITES:-5000} --concurrency $${CONCURRENCY:-16}

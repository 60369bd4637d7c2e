# The two promises of the README: `make run` starts everything on a fresh machine,
# `make test` runs the whole suite on a fresh machine. Every target installs what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
GEN_CHECK_DIR := $(shell mktemp -u /tmp/openscim-gen.XXXXXX)

.PHONY: help install generate check-generated lint build test run bench

help:
	@echo "make run    - install, build and start the identity service and the SCIM adapter (SQLite in ./data)"
	@echo "make test   - install, check generated code, lint, type-check and run every test"
	@echo "make bench  - seed a tenant and measure the SCIM lookups over HTTP (USERS=100000 by default)"
	@echo "make generate | check-generated | lint | build"

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

test: check-generated lint build
	npx jest

run: install
	npm start

# Benchmarks print figures; they are not part of `make test`. USERS=10000 make bench for a quick run.
bench: build
	node dist/bench/query-bench.js --users $${USERS:-100000}

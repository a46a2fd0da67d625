# The two commands a newcomer needs (see README.md):
#   make demo   install what is missing, build, run the counter on the simulated entrance
#   make test   install what is missing, build once, run every test suite
# Everything else here is a building block of those two.

JOBS ?= $(shell nproc)
DEMO_DATA ?= build/demo-data

.PHONY: demo test deps web build-release build-ci bench fuzz-smoke clean

deps:
	@bash scripts/deps.sh

# The browser GUI (web/), once it exists: npm packages from the lock file, then a Vite build.
web: deps
	@if [ -f web/package.json ]; then bash scripts/web.sh build; else echo "web: no browser GUI yet"; fi

build-release: deps web
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

build-ci: deps web
	cmake --preset ci
	cmake --build --preset ci -j $(JOBS)

demo: build-release
	@echo "demo: starting headcount run with its web GUI on http://127.0.0.1:8080 on the built-in simulated entrance; activate it in the browser, then watch the Door line count"
	./build/headcount run --data-dir $(DEMO_DATA) --http-port 8080 --https-port 8443

test: build-ci
	@bash scripts/test.sh build/ci

bench: build-release
	@bash scripts/bench.sh build/release

clean:
	rm -rf build

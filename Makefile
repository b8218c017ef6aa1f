# make <target> runs scripts/<target>, like RKE1's dapper-less Makefile. Default target: ci.
TARGETS := $(shell ls scripts 2>/dev/null)

.DEFAULT_GOAL := ci

$(TARGETS):
	./scripts/$@

.PHONY: $(TARGETS)

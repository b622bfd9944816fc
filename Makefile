.PHONY: install test build
install:
	python -m pip install -e '.[test]'
test:
	python -m pytest
build:
	spacekg build

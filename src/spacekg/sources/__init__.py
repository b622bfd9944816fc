"""Reading the project: where its files are, reading them safely, parsing, sentences, quotes."""

"""Turn raw extracted strings into clean values: dates, read times, authors, word counts."""

"""Benchmark support: a bare route that measures the server's ceiling (bench/tickets.py).

Registered only when SATUPINTU_BENCH_HELLO is set; a normal install never has it.
"""

from __future__ import annotations

from flask import Flask


def register_bench_hello(app: Flask) -> None:
    """GET /_bench/hello: plain "hello", no database, session or template."""

    def hello() -> str:
        return "hello"

    app.add_url_rule("/_bench/hello", endpoint="bench_hello", view_func=hello)

"""Point 8: a receipt is never printed after the kiosk's "photograph your number" moment, and
jobs left by a crash are settled at start (retried if fresh, expired if stale)."""

from __future__ import annotations

import datetime as dt

import pytest

import printer
from kiosk.extensions import db
from kiosk.models import PrintJob
from kiosk.printing.jobs import print_state, resolve_interrupted_jobs
from kiosk.printing.worker import job_max_age, run_job
from kiosk.queue.service import issue_ticket


@pytest.fixture
def ticket(ctx):
    """A ticket whose kiosk receipt has already printed; tests add jobs of their own."""
    issued = issue_ticket("ktp-baru")
    printer.clear_recorded_jobs()
    return issued


def _job(ticket, clock, status: str = "queued", age: float = 0) -> PrintJob:
    job = PrintJob(
        ticket=ticket,
        kind="ticket",
        status=status,
        printer_url="dummy:",
        created_at=clock() - dt.timedelta(seconds=age),
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_default_moment_is_the_kiosk_fallback(app):
    assert job_max_age(app).total_seconds() == app.config["PRINTER_TIMEOUT"] + 5


def test_job_older_than_the_moment_is_expired_not_printed(app, ticket, clock):
    job = _job(ticket, clock)
    clock.advance(seconds=job_max_age(app).total_seconds() + 1)
    run_job(app, job.id)
    db.session.refresh(job)
    assert job.status == "expired" and job.finished_at is not None
    assert printer.recorded_jobs() == []
    assert print_state(ticket) == "failed"  # the kiosk keeps showing the number large


def test_job_within_the_moment_prints(app, ticket, clock):
    job = _job(ticket, clock)
    clock.advance(seconds=job_max_age(app).total_seconds())
    run_job(app, job.id)
    db.session.refresh(job)
    assert job.status == "printed"
    assert len(printer.recorded_jobs()) == 1


class TestConfiguredMaxAge:
    """PRINT_JOB_MAX_AGE_SECONDS = 60."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PRINT_JOB_MAX_AGE_SECONDS": 60}

    def test_setting_moves_both_the_kiosk_fallback_and_the_expiry(self, app, ticket, clock):
        job = _job(ticket, clock)
        clock.advance(seconds=59)
        assert print_state(ticket) == "pending"
        clock.advance(seconds=2)
        assert print_state(ticket) == "failed"
        run_job(app, job.id)
        db.session.refresh(job)
        assert job.status == "expired"


def test_a_job_dispatched_twice_prints_once(app, ticket, clock):
    job = _job(ticket, clock)
    run_job(app, job.id)
    run_job(app, job.id)
    assert len(printer.recorded_jobs()) == 1


def test_start_retries_fresh_interrupted_jobs_and_expires_stale_ones(app, ticket, clock):
    job_max_age_seconds = job_max_age(app).total_seconds()
    done = _job(ticket, clock, status="printed", age=3600)
    stale = [
        _job(ticket, clock, status, age=job_max_age_seconds + 1)
        for status in ("queued", "printing")
    ]
    fresh = [
        _job(ticket, clock, status, age=job_max_age_seconds - 1)
        for status in ("queued", "printing")
    ]
    assert resolve_interrupted_jobs(app) == (2, 2)
    db.session.expire_all()
    assert [job.status for job in stale] == ["expired", "expired"]
    assert [job.status for job in fresh] == ["printed", "printed"]
    assert done.status == "printed"
    assert len(printer.recorded_jobs()) == 2
    assert resolve_interrupted_jobs(app) == (0, 0)

"""Many people taking the last seats at once: no over-booking, on SQLite and PostgreSQL.

Each thread has its own database connection, as each gunicorn worker would. The seat count
is slowed down so that the threads' transactions surely overlap: without the lock on the
event row (or SQLite's single writer) they would all see seats left and all be taken.
"""

import threading
import time

import pytest
from django.db import connection

from association.events import services
from association.events.models import Event, Registration

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def fields(n):
    return {
        "organisation": f"单位{n}", "name": f"报名人{n}", "title": "", "mobile": f"1370000{n:04d}",
        "email": f"p{n}@example.com", "is_member": True, "invoice_title": "", "tax_number": "",
        "remarks": "",
    }  # fmt: skip


def sign_up_at_once(event, people, attendees=()):
    barrier = threading.Barrier(len(people))
    results = {}

    def worker(n):
        try:
            barrier.wait(timeout=10)
            services.register(event.pk, fields(n), list(attendees), {})
            results[n] = "ok"
        except services.RegistrationRefused as refused:
            results[n] = str(refused)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[n] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_count(monkeypatch):
    counted = Event.seats_taken

    def seats_taken(self):
        taken = counted(self)
        time.sleep(0.05)  # between counting and saving: the race window, held open
        return taken

    monkeypatch.setattr(Event, "seats_taken", seats_taken)


def test_the_last_seats_go_to_exactly_as_many_people_as_are_left(slow_count):
    event = make_event(capacity=7)
    make_registration(event, headcount=2)  # 5 seats left for 8 people
    results = sign_up_at_once(event, range(THREADS))
    assert not [r for r in results.values() if r.startswith("error")], results
    assert list(results.values()).count("ok") == 5, results
    assert sum("名额已满" in r for r in results.values()) == 3, results
    assert event.seats_taken() == 7
    assert Registration.objects.filter(event=event).count() == 6


def test_groups_never_push_the_event_over_its_capacity(slow_count):
    event = make_event(capacity=5)
    people = [{"name": "同行者", "title": "", "mobile": ""}]  # two seats each
    results = sign_up_at_once(event, range(4), attendees=people)
    assert list(results.values()).count("ok") == 2, results
    assert event.seats_taken() == 4  # one seat left: too few for a pair
    assert any("只剩 1 个名额" in r for r in results.values()), results


def test_one_phone_sent_twice_at_once_is_taken_once(slow_count):
    event = make_event()
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            barrier.wait(timeout=10)
            services.register(event.pk, fields(1), [], {})
            outcomes.append("ok")
        except services.RegistrationRefused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes)[0] == "ok" and "已经报名" in sorted(outcomes)[1], outcomes
    assert Registration.objects.filter(event=event).count() == 1

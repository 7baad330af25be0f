"""The leaders' exchange matrix: counted in SQL, for leaders only."""

import pytest
from django.urls import reverse

from exchanges.services import exchange_request_create, exchange_request_decide

from ..factories import SupervisorFactory
from .conftest import DAY, participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [1, 6])
def test_the_matrix_page_counts_exchanges_with_constant_queries(client, exchange, days, django_assert_max_num_queries):
    for offset in range(days):
        visitor = participant(exchange.programme, exchange.visitor.organisation)
        slot = exchange.publish(day=DAY.replace(day=1 + offset))
        exchange_request_decide(
            request=exchange_request_create(participant=visitor, slot=slot), actor=exchange.host, accept=True
        )
    client.force_login(exchange.leader)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("exchanges:matrix"))
    assert response.context["rows"][0]["count"] == days
    assert "Veilig Thuis Rotterdam-Rijnmond" in response.content.decode()


def test_strangers_get_403(client, exchange):
    client.force_login(SupervisorFactory().user)
    assert client.get(reverse("exchanges:matrix")).status_code == 403

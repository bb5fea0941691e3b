"""The map's label placer: the order of importance, the dropped town, the leader line."""

from __future__ import annotations

from truce.reports.labels import Box, LabelRequest, Priority, place_labels

FRAME = Box(0, 0, 400, 300)
MARK = Box(195, 145, 205, 155)


def _request(text: str, priority: Priority) -> LabelRequest:
    return LabelRequest(text, MARK, priority, size=10, colour="#000000")


def test_an_incident_label_takes_the_first_place_before_a_town_listed_earlier() -> None:
    town, incident = _request("Sirte", Priority.TOWN), _request("#4", Priority.INCIDENT)
    placed = place_labels([town, incident], [MARK], FRAME)

    assert [label.request for label in placed] == [town, incident]
    town_label, incident_label = placed
    assert incident_label.anchor == "start" and incident_label.box.left > MARK.right  # right
    assert town_label.anchor == "end" and town_label.box.right < MARK.left  # then left
    assert town_label.leader is None and incident_label.leader is None
    assert town_label.box.overlap(incident_label.box) == 0


def test_with_no_room_beside_the_mark_a_town_is_dropped_and_an_incident_is_led_out() -> None:
    crowd = Box(150, 120, 250, 180)  # labels already on the map, all round the mark
    town, incident = _request("Sirte", Priority.TOWN), _request("#4, #5", Priority.INCIDENT)
    [label] = place_labels([town, incident], [MARK, crowd], FRAME)

    assert label.request == incident
    assert label.box.overlap(crowd) == 0 and label.box.area_outside(FRAME) == 0
    assert label.leader is not None
    x1, y1, x2, y2 = label.leader
    assert (x1, y1) != (x2, y2) and MARK.left <= x1 <= MARK.right


def test_a_withdrawal_point_label_with_no_free_place_keeps_the_least_overlapping_one() -> None:
    everywhere = Box(0, 0, 400, 300)
    point = _request("W1 Abu Qurain", Priority.WITHDRAWAL_POINT)
    [label] = place_labels([point], [everywhere], FRAME)

    assert label.request == point and label.box.area_outside(FRAME) == 0

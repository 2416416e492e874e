"""File → Export for the care team (FHIR): the menu's work writes a bundle the FHIR
library accepts, and the family view hides it like the other exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fhir.resources.R4B.bundle import Bundle

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)


def test_the_menu_exports_a_valid_bundle_and_the_family_view_hides_it(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    try:
        values = CheckInValues.parse({"hands": 5, "feet": 6, "pain": 3})
        services.checkins.save(
            NOW.date(), values, datetime(2026, 11, 20, 17, tzinfo=UTC), today=NOW.date()
        )
        target = tmp_path / "care-team.json"
        message = window.menus.export_fhir(target, NOW.date() - timedelta(days=13), NOW.date())
        assert "Observation × 3" in message and "QuestionnaireResponse × 1" in message
        bundle = Bundle.model_validate_json(target.read_bytes())
        assert bundle.type == "collection"
        assert window.menus.fhir_action.isVisible()
        window.set_family(True)
        assert not window.menus.fhir_action.isVisible()
    finally:
        services.close()

"""Pages cache what they read by the store version: a rerun that changed nothing reads nothing again,
and any write in the process — another session, the monitor thread, a notebook — shows on the next
rerun, without waiting for a timer."""
from workbench import db
from workbench.incidents import editing, record, status


def test_a_rerun_that_changes_nothing_keeps_the_store_version(demo_store, open_page):
    at = open_page("analysis")
    version = db.store_version()
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert db.store_version() == version  # no page writes on a plain rerun, so its cache stays valid


def test_a_rename_by_another_writer_shows_in_the_picker_on_the_next_rerun(demo_store, open_page):
    at = open_page("analysis")
    first = record.listing(demo_store)[0]
    assert first.label in at.selectbox(key="analysis_incident").options

    editing.rename(demo_store, first.id, "食堂饭菜质量下降引发不满", "刘海峰")  # not through this page
    at.run()

    options = at.selectbox(key="analysis_incident").options
    assert any(o.startswith(f"#{first.id} ") and "食堂饭菜质量下降引发不满" in o for o in options), options
    assert first.label not in options


def test_overview_open_incidents_follow_a_status_change(demo_store, open_page):
    at = open_page("overview")
    closable = [i for i in record.listing(demo_store) if "已关闭" in status.allowed_next(i.status)]
    target = closable[0].id
    assert target in _open_incident_ids(at)

    status.advance(demo_store, target, "已关闭", "刘海峰")  # e.g. by an analyst in another session
    at.run()

    assert target not in _open_incident_ids(at)


def _open_incident_ids(at) -> set[int]:
    """Incident numbers in the overview's table of open incidents."""
    (table,) = [df.value for df in at.dataframe if "effective_level" in df.value.columns]
    return set(table["incident_id"].astype(int))

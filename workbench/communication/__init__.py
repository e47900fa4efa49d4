"""沟通与互动: updates to every stakeholder on a cadence by level, and the log of replies to posts.

    audiences.plan(con, incident) -> DataFrame          # audience, channel, cadence (defaults by level)
    updates.due(con, incident, now) -> DataFrame         # next update per audience, with countdown
    updates.draft / create / revise / send               # drafted from the incident, checked like a statement
    interactions.log_reply / set_outcome / listing       # who answered what, where, when, with what outcome
    exports.briefing_sections / timeline_events / review_section   # the 专报 and the 复盘
"""

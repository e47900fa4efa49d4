"""信息核实: the claims ledger of an incident (what the posts claim, and what is true), the
proposals drawn from its posts, and the check that statements use verified facts only.

    claims.add_claim / edit_claim / set_status / link_posts / cite / ledger
    proposals.propose(con, incident_id) -> DataFrame;  proposals.accept(...)
    statement_check.findings(con, incident_id, body) -> list of 口径 findings
"""

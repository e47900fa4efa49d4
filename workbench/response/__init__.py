"""应对策划: playbooks, plans and roles, talking points (口径), statements, actions."""

"""登录: the only page before sign-in (local account or the company's identity provider)."""
from workbench import ui_auth

ui_auth.login_page()

"""Demo data: the seed scenarios built through the apps' public services (`manage.py load_demo`), and the
demo logins printed by `manage.py demo_info`. No product app imports this app."""

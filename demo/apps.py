from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models and no pages: the demo data and the load_demo and demo_info commands."""

    name = "demo"

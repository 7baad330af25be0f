def roles(request):
    """The person's roles for the navigation (None for an anonymous visitor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": None}
    return {"roles": request.roles}

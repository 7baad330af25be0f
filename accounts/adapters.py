from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up by themselves: leaders invite students and supervisors."""

    def is_open_for_signup(self, request):
        return False

"""Log in with X: allauth's twitter_oauth2 provider with its URLs taken from settings.

allauth installs it in place of its own class through
SOCIALACCOUNT_PROVIDERS["twitter_oauth2"]["provider_class"]; it lives in a package of its own
because allauth builds a provider's URLs from `<package>.urls` and `<package>.views`."""

from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView

from .provider import XOAuth2Adapter

oauth2_login = OAuth2LoginView.adapter_view(XOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(XOAuth2Adapter)

"""Identity providers shipped with motcua: ``demo`` (synthetic population) and ``oidc`` (OpenID Connect)."""

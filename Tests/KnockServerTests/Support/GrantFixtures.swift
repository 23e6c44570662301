/// Enhanced-security tokens with `grants` (a second RSA key, made with openssl; the private key is
/// not kept). Each token's payload is in its comment.
enum GrantFixtures {
    static let publicKeyPEM = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1S1oLgbyw4aRzd12KxtG
9+9eYPmHNIa+okmK1CMIOXXmSrVBXrQriDvBGlgO5gfIHckhtgzjrFT690ujhiWO
M4IqohuE0ZO2kv/NIUyEqzMDTD+jfahk+VqTe8vPB/YfPomlkrN2K+N1cf8u15sq
vTZtgTeuKhB+WSHDxs6CYtrVWuN7tf87z/wvdIPtH9yV20OUbV5UCdXPDI66zj1e
ygt6ysKlzCOe5tgYeYeWrwSk0qhkw/WXQIxxTKF1ddlwyKGlYYLnLkndspeAJ+CA
bMvZKJdriSge5rXO8qukD04dK3m5eKJkwdYlJdz82o6UJpLQ4KwruU3NAIJ9BjQo
4QIDAQAB
-----END PUBLIC KEY-----
"""
    /// {"sub": "u1", "exp": 4102444800, "explicit_grants": true, "grants": {"https://api.knock.app/v1/users/u1": {"user/read": [{}]}}}
    static let readOnlyU1 = "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAidTEiLCAiZXhwIjogNDEwMjQ0NDgwMCwgImV4cGxpY2l0X2dyYW50cyI6IHRydWUsICJncmFudHMiOiB7Imh0dHBzOi8vYXBpLmtub2NrLmFwcC92MS91c2Vycy91MSI6IHsidXNlci9yZWFkIjogW3t9XX19fQ.GJk499hCe0EdCk5bMSjBm7C1YmWOC7EEohqQ6dKnu5REeW7Io2xC6-top1ZjgsCkKYcwg8MFaC36PmICPRqB1vENdV08wU1Ee3xqXCAHzc_WImwAyosddTzsqi7-sQLUTScefj4nLm1AYZ3ixiKHuUwMKdcnjxokzmrLuEnr3jaMx1-nbVER62QQ9dNG4G-ElignQdu7MoRv64mwJBDPW_VuYPsCbSGMP-h9u5o-1kiDcCtuQqU2Hj1pBvI24kSLSLBjQfb0ouejjBB-R9xNIvyZ9P3Esz5UnmQ59YdpHet-tjIxt0FdFqKd85W8wImfjo0-PKeTvkyvZsqS2tJH4w"
    /// {"sub": "u1", "exp": 4102444800, "grants": {"https://api.knock.app/v1/users/u1": {"user/read": [{}], "user/write": []}, "https://api.knock.app/v1/tenants/acme": {"preferences/read": [{}], "channel_data/read": [{}]}, "https://api.knock.app/v1/objects/$tenants/beta": {"preferences/read": []}}}
    static let tenantScopedU1 = "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAidTEiLCAiZXhwIjogNDEwMjQ0NDgwMCwgImdyYW50cyI6IHsiaHR0cHM6Ly9hcGkua25vY2suYXBwL3YxL3VzZXJzL3UxIjogeyJ1c2VyL3JlYWQiOiBbe31dLCAidXNlci93cml0ZSI6IFtdfSwgImh0dHBzOi8vYXBpLmtub2NrLmFwcC92MS90ZW5hbnRzL2FjbWUiOiB7InByZWZlcmVuY2VzL3JlYWQiOiBbe31dLCAiY2hhbm5lbF9kYXRhL3JlYWQiOiBbe31dfSwgImh0dHBzOi8vYXBpLmtub2NrLmFwcC92MS9vYmplY3RzLyR0ZW5hbnRzL2JldGEiOiB7InByZWZlcmVuY2VzL3JlYWQiOiBbXX19fQ.Gm07EDEPObkj_oap3DzlYxGDhE-KQ7zpNDTAmKoaAWMR9x3rol-18YyZIeofVZQjqhkriAs0koEOlDuODutOUdn3zq4-CnSz9T9V4GWLmBhLrF8aQZpQqgQsnLKsRu5ZEcnx2lda2MFDQKHFBmh8lt9nY13iAshgX11YsRMkVGjksTPbHWuXC_tSFIPEomebbnwpx4kD_AHrwXaZDWESc_wMH5uGMgsIqHghSIJNbnB5pqjOHjjMwULmwmNliQIFRFXAoq-qX0YkFdhHHrCX2rMZ9zkGVLqpKC0P4Yrn4XpG4PTT2aIAbHxJxIWvrhb2nLov5-lWT9UFKpMUl3atbQ"
    /// {"sub": "u1", "exp": 4102444800, "grants": {"https://api.knock.app/v1/objects/projects/p1": {"slack/channels_read": [{}]}}}
    static let extraGrantsU1 = "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAidTEiLCAiZXhwIjogNDEwMjQ0NDgwMCwgImdyYW50cyI6IHsiaHR0cHM6Ly9hcGkua25vY2suYXBwL3YxL29iamVjdHMvcHJvamVjdHMvcDEiOiB7InNsYWNrL2NoYW5uZWxzX3JlYWQiOiBbe31dfX19.RbQtX27vjFWO-zMiBg312vNjhqqqeFnNeuIzvo15dBHK3OmnABRXdfdCy8kgTNf65yTe-nfeNrepLZ4PAKYBdEQGW3QXE7gvFo3m5F5a15ZJpx3GDfDAnrhdKNAkZhjjyDccUy0ykwSXyWmRWLOSLGVTUGUGLJEslU2vb9LFvLnYLDPn0pTbPAYdwGG4TaDJSACizrnHYN-HF0lMPCGZfsg3S8e8ouR1zSxyl8DL3dSXijJDjbiB7T63aOgxqjZt3n69d-1VvgD0PTDnSSg_40xd9o4rw2Mx3mD7TLsTQUVmXM8KysMrzOKxwmgWrVMygNqIvFuTh4nlwp_Ozebrag"
}

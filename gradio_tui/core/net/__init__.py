"""Where to connect and how, safely: targets, credentials and their scope, the one HTTP client factory, capped
bodies, retries.
"""

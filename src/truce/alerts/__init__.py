"""Alerts: webhook subscriptions, the alerts they match, and signed deliveries with retries.

``subscriptions`` says what a subscription is and which alerts it matches (pure); ``signing``
signs a delivery's body with HMAC-SHA256; ``delivery`` sends what is due through a transport
passed in, and records each attempt, so that a failed delivery is kept and retried until the
receiver accepts it — once.
"""

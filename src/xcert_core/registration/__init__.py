"""Registration (报考): review of sites and pilot applications, the registration rules, and registering and
withdrawing candidates against a pilot application's quota."""

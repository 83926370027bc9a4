"""Partner access (H2): comparison portals read a customer's data with an API key and a grant the
customer issued, through registered operations only, limited to the grant's scopes."""

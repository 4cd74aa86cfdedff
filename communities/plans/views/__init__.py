"""Pages for identification plans, local programmes with money, and service contracts.

Each view: method decorator, role check, object fetched through the user's scope
(another community's object is a 404), form, service, redirect with a message.
"""

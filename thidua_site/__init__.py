"""Project package for the Thi đua site (the design card's ``site/``).

It cannot be called ``site``: the standard library's ``site`` module is imported
first at interpreter start-up and would shadow it.
"""

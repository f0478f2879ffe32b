"""Sharing without real names: the pseudonym list, the scan for names left, the shareable copy
and the working folder it is made in.

May import every method package; the shareable copy is opened through the class of the study
passed in, so this package does not import the facade that holds it.
"""

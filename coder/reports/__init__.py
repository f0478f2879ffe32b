"""Everything the study writes out as a report: Word documents (memos, the cross-site outline,
pattern tables, data runs, coder agreement), their Excel and CSV companions, and the characters
every export must keep out of its files."""

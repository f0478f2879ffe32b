"""REFI-QDA exchange: projects (.qdpx) and codebooks (.qdc) with NVivo, ATLAS.ti, MAXQDA and QualCoder."""

"""newsprism.nlp"""

"""The Hugging Face Hub: Spaces (search, info, runtime, waking), logs and the token's account.
"""

"""WTForms classes, one module per admin area; validation rules live in the store and are called from here."""

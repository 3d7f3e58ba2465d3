"""缴费管理: exam fees per registration — the ledger (:mod:`.ledger`: every registration paid, unpaid or refunded,
what is owed and what is to be refunded) and the payment sheet (:mod:`.payment_sheet`)."""

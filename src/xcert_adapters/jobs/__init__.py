"""Work that runs past one machine (#20 item 4): jobs in a PostgreSQL-backed task queue (procrastinate) that
any number of ``xcert worker`` processes, on any number of machines, consume. The single-machine path stays the
default and needs no queue; see :mod:`.queue`."""

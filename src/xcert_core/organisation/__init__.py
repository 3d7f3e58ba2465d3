"""The 培训评价组织's side: reading several schools' registrations into one workspace (:mod:`.registration_sheet`)."""

"""After the exam: subject scores (科目成绩) in, certificate results (考证结果) out.

Results are derived, never typed: :func:`~xcert_core.results.derivation.certificate_result` computes a candidate's
result from the plan (its subjects and their pass marks) and the stored scores, so it always agrees with them.
"""

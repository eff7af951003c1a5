"""Proficiency testing: the results a lab obtained in interlaboratory rounds."""

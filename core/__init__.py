"""Domain rules and storage of the 党员示范岗 campaign. Never imports Qt."""

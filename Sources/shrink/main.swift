print("shrink")

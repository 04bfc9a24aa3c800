Console.WriteLine("Cruddur AppHost");
